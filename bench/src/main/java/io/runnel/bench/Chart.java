package io.runnel.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the results as a PNG, headless with java.awt and ImageIO (no network, no extra package): throughput (MB/s)
 * on the left and p99 end-to-end latency (ms) on the right, one group of horizontal bars per figure, one bar per
 * contender (median), each labelled with its value. Stateless.
 */
final class Chart {

    /** Where a figure is drawn. */
    enum Panel {
        THROUGHPUT("Throughput, MB/s (median; higher is better)"),
        LATENCY("p99 end-to-end latency, ms (median; lower is better)"),
        NONE("");

        final String heading;

        Panel(String heading) {
            this.heading = heading;
        }
    }

    private static final Map<String, Color> COLORS = Map.of(
            "kafka", new Color(0x9a9a9a),
            "kafka-flush1", new Color(0x5f5f5f),
            "runnel", new Color(0x1f6fc5),
            "runnel-durable", new Color(0x0b3d7a));

    private static final int PANEL_WIDTH = 820;
    private static final int LABEL_WIDTH = 330;
    private static final int BAR = 15;
    private static final int GAP = 12;
    private static final int TOP = 92;

    private Chart() {}

    /** One bar group: a figure and the median of each contender. */
    record Group(String label, List<String> contenderIds, List<Double> values) {}

    static void write(Path file, String title, List<Contender> legend, List<Group> throughput, List<Group> latency)
            throws IOException {
        int rows = Math.max(height(throughput), height(latency));
        int width = PANEL_WIDTH * 2 + 20;
        int height = TOP + rows + 40;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, 16, 28);
        int x = 16;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (Contender contender : legend) {
            g.setColor(COLORS.getOrDefault(contender.id(), Color.ORANGE));
            g.fillRect(x, 42, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(contender.label(), x + 20, 54);
            x += 30 + g.getFontMetrics().stringWidth(contender.label());
        }
        panel(g, 0, Panel.THROUGHPUT.heading, throughput);
        panel(g, PANEL_WIDTH + 20, Panel.LATENCY.heading, latency);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static int height(List<Group> groups) {
        int h = 0;
        for (Group group : groups) {
            h += Math.max(group.values().size() * BAR, 42) + GAP + 4;
        }
        return h;
    }

    private static void panel(Graphics2D g, int left, String heading, List<Group> groups) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(heading, left + 16, TOP - 14);
        double max = 0;
        for (Group group : groups) {
            for (double v : group.values()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        if (max <= 0) {
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
            g.drawString("no figures", left + 16, TOP + 20);
            return;
        }
        int barLeft = left + LABEL_WIDTH;
        int barSpace = PANEL_WIDTH - LABEL_WIDTH - 70;
        int y = TOP;
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font value = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        for (Group group : groups) {
            g.setColor(Color.BLACK);
            g.setFont(label);
            List<String> lines = wrap(group.label(), g.getFontMetrics(), LABEL_WIDTH - 24);
            int textY = y + 12;
            for (String line : lines) {
                g.drawString(line, left + 16, textY);
                textY += 14;
            }
            for (int i = 0; i < group.values().size(); i++) {
                double v = group.values().get(i);
                int barY = y + i * BAR;
                g.setColor(COLORS.getOrDefault(group.contenderIds().get(i), Color.ORANGE));
                int w = Double.isNaN(v) ? 0 : (int) Math.round(barSpace * v / max);
                g.fillRect(barLeft, barY + 1, Math.max(w, 1), BAR - 3);
                g.setColor(Color.DARK_GRAY);
                g.setFont(value);
                g.drawString(Double.isNaN(v) ? "n/a" : Report.number(v), barLeft + w + 5, barY + BAR - 4);
            }
            y += Math.max(group.values().size() * BAR, lines.size() * 14) + GAP + 4;
        }
        g.setColor(new Color(0xcccccc));
        g.setStroke(new BasicStroke(1));
        g.drawLine(barLeft, TOP - 4, barLeft, y);
    }

    private static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split(" ")) {
            if (line.length() > 0 && metrics.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line = new StringBuilder();
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
