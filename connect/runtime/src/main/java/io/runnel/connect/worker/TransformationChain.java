package io.runnel.connect.worker;

import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.plugins.LoaderSwap;
import io.runnel.connect.plugins.PluginDesc;
import io.runnel.connect.plugins.PluginNotFoundException;
import io.runnel.connect.plugins.PluginType;
import io.runnel.connect.plugins.Plugins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * The transformations of a connector ({@code transforms=a,b}, {@code transforms.a.type=…}, their settings under
 * {@code transforms.a.}), each optionally guarded by a predicate ({@code transforms.a.predicate=p},
 * {@code transforms.a.negate}, {@code predicates=p}, {@code predicates.p.type=…}). A transform that returns
 * {@code null} drops the record. Driven by one task thread.
 */
public final class TransformationChain<R extends ConnectRecord<R>> implements AutoCloseable {

    private record Stage<R extends ConnectRecord<R>>(
            String alias, Transformation<R> transform, Predicate<R> predicate, boolean negate, ClassLoader loader) {}

    private final List<Stage<R>> stages;
    private final List<Predicate<R>> predicates;

    private TransformationChain(List<Stage<R>> stages, List<Predicate<R>> predicates) {
        this.stages = stages;
        this.predicates = predicates;
    }

    public static <R extends ConnectRecord<R>> TransformationChain<R> empty() {
        return new TransformationChain<>(List.of(), List.of());
    }

    @SuppressWarnings("unchecked")
    public static <R extends ConnectRecord<R>> TransformationChain<R> build(
            Map<String, String> config, Plugins plugins) {
        Map<String, Predicate<R>> predicates = new HashMap<>();
        List<Stage<R>> stages = new ArrayList<>();
        try {
            for (String alias : ConnectorConfig.list(config.get(ConnectorConfig.PREDICATES))) {
                String prefix = "predicates." + alias + ".";
                PluginDesc d = resolve(config, prefix + "type", PluginType.PREDICATE, plugins);
                Predicate<R> p = plugins.newInstance(d, Predicate.class);
                Map<String, String> sub = ConnectorConfig.prefixed(config, prefix);
                sub.remove("type");
                try (LoaderSwap ignored = LoaderSwap.to(d.loader())) {
                    p.configure(sub);
                }
                predicates.put(alias, p);
            }
            for (String alias : ConnectorConfig.list(config.get(ConnectorConfig.TRANSFORMS))) {
                String prefix = "transforms." + alias + ".";
                PluginDesc d = resolve(config, prefix + "type", PluginType.TRANSFORMATION, plugins);
                Transformation<R> t = plugins.newInstance(d, Transformation.class);
                Map<String, String> sub = ConnectorConfig.prefixed(config, prefix);
                sub.remove("type");
                String predicateAlias = sub.remove("predicate");
                boolean negate = Boolean.parseBoolean(sub.getOrDefault("negate", "false"));
                sub.remove("negate");
                Predicate<R> p = null;
                if (predicateAlias != null && !predicateAlias.isBlank()) {
                    p = predicates.get(predicateAlias.trim());
                    if (p == null) {
                        throw new ConfigException(
                                prefix + "predicate", predicateAlias, "not one of the aliases in 'predicates'");
                    }
                }
                try (LoaderSwap ignored = LoaderSwap.to(d.loader())) {
                    t.configure(sub);
                }
                stages.add(new Stage<>(alias, t, p, negate, d.loader()));
            }
        } catch (RuntimeException e) {
            new TransformationChain<>(stages, new ArrayList<>(predicates.values())).close();
            throw e;
        }
        return new TransformationChain<>(stages, new ArrayList<>(predicates.values()));
    }

    private static PluginDesc resolve(Map<String, String> config, String key, PluginType type, Plugins plugins) {
        String cls = config.get(key);
        if (cls == null || cls.isBlank()) {
            throw new ConfigException(key, null, "missing: every alias needs a type");
        }
        try {
            return plugins.resolve(cls, type);
        } catch (PluginNotFoundException e) {
            throw new ConfigException(key, cls, e.getMessage());
        }
    }

    /** The transformed record, or {@code null} when a transform dropped it. Failures propagate. */
    public R apply(R record) {
        R r = record;
        for (Stage<R> s : stages) {
            if (r == null) {
                return null;
            }
            try (LoaderSwap ignored = LoaderSwap.to(s.loader())) {
                if (s.predicate() != null && s.predicate().test(r) == s.negate()) {
                    continue;
                }
                r = s.transform().apply(r);
            }
        }
        return r;
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    @Override
    public void close() {
        for (Stage<R> s : stages) {
            try {
                s.transform().close();
            } catch (RuntimeException ignored) {
                // closing: nothing to recover
            }
        }
        for (Predicate<R> p : predicates) {
            try {
                p.close();
            } catch (RuntimeException ignored) {
                // closing: nothing to recover
            }
        }
    }
}
