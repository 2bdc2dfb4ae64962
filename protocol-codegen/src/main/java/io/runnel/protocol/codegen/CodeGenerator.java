package io.runnel.protocol.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Entry point run by the build: {@code CodeGenerator <spec dir> <output dir> <package>} reads every
 * {@code *.json} message spec and writes one class per message into {@code <package>.message}, plus
 * {@code <package>.ApiKeys} when the specs include requests and responses. A file is rewritten only when its
 * content changes, so incremental compilation stays incremental.
 *
 * <p>The same entry point generates the record classes of Kafka's internal topics from the coordinator specs
 * ({@code "type": "coordinator-key"} / {@code "coordinator-value"}, shipped in {@code kafka-group-coordinator} and
 * {@code kafka-transaction-coordinator}): a spec dir holding only those yields their classes and no {@code ApiKeys}.
 * Their {@code apiKey} is the record type (the int16 that starts a record's key), exposed as {@code apiKey()}.
 */
public final class CodeGenerator {

    private CodeGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: CodeGenerator <spec dir> <output dir> <package>");
            System.exit(2);
        }
        int written = generate(Path.of(args[0]), Path.of(args[1]), args[2]);
        System.out.println("protocol-codegen: " + written + " files written to " + args[1]);
    }

    /** Generates all classes and returns how many files changed. */
    public static int generate(Path specDir, Path outputDir, String packageName) throws IOException {
        List<MessageSpec> specs = new ArrayList<>();
        SpecParser parser = new SpecParser();
        try (Stream<Path> files = Files.list(specDir)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                specs.add(parser.parse(file));
            }
        }
        if (specs.isEmpty()) {
            throw new SpecException("no *.json message specs in " + specDir);
        }
        Path packageDir = outputDir.resolve(packageName.replace('.', '/'));
        Path messageDir = packageDir.resolve("message");
        Files.createDirectories(messageDir);
        Map<Short, MessageSpec> responses = new HashMap<>();
        for (MessageSpec spec : specs) {
            if (spec.apiKey() != null && spec.type().equals("response")) {
                responses.put(spec.apiKey(), spec);
            }
        }
        int written = 0;
        for (MessageSpec spec : specs) {
            MessageSpec response =
                    spec.apiKey() != null && spec.type().equals("request") ? responses.get(spec.apiKey()) : null;
            String source = new MessageGenerator(spec, response, packageName + ".message").generate();
            written += writeIfChanged(messageDir.resolve(spec.className() + ".java"), source);
        }
        List<MessageSpec> apis = specs.stream()
                .filter(s -> s.type().equals("request") || s.type().equals("response"))
                .toList();
        if (!apis.isEmpty()) {
            written += writeIfChanged(
                    packageDir.resolve("ApiKeys.java"), new ApiKeysGenerator(packageName, apis).generate());
        }
        return written;
    }

    private static int writeIfChanged(Path file, String content) {
        try {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return 0;
            }
            Files.write(file, bytes);
            return 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
