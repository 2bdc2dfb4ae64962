package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final List<String> events = new ArrayList<>();

    private Component component(String name, Exception startFailure) {
        return new Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() throws Exception {
                events.add("start " + name);
                if (startFailure != null) {
                    throw startFailure;
                }
            }

            @Override
            public void stop() {
                events.add("stop " + name);
            }
        };
    }

    @Test
    void componentsStartInOrderAndStopInReverse() throws Exception {
        Lifecycle lifecycle = new Lifecycle(
                List.of(component("broker", null), component("connect", null), component("registry", null)));
        lifecycle.start();
        lifecycle.stop();
        lifecycle.stop();

        assertThat(events)
                .containsExactly(
                        "start broker",
                        "start connect",
                        "start registry",
                        "stop registry",
                        "stop connect",
                        "stop broker");
    }

    @Test
    void aFailedStartStopsWhatAlreadyStartedInReverseAndNamesTheComponentAndCause() {
        Lifecycle lifecycle = new Lifecycle(List.of(
                component("broker", null),
                component("connect", null),
                component("registry", new IOException("port 8081 is in use")),
                component("sql", null)));

        assertThatThrownBy(lifecycle::start)
                .isInstanceOfSatisfying(ComponentStartException.class, e -> assertThat(e.component())
                        .isEqualTo("registry"))
                .hasMessage("registry failed to start: port 8081 is in use")
                .hasCauseInstanceOf(IOException.class);
        assertThat(events)
                .containsExactly(
                        "start broker",
                        "start connect",
                        "start registry",
                        "stop registry",
                        "stop connect",
                        "stop broker");
    }

    @Test
    void aComponentThatFailsToStopDoesNotKeepTheOthersRunning() throws Exception {
        Component stubborn = new Component() {
            @Override
            public String name() {
                return "connect";
            }

            @Override
            public void start() {
                events.add("start connect");
            }

            @Override
            public void stop() throws IOException {
                events.add("stop connect");
                throw new IOException("worker did not stop");
            }
        };
        Lifecycle lifecycle = new Lifecycle(List.of(component("broker", null), stubborn, component("sql", null)));
        lifecycle.start();
        lifecycle.stop();

        assertThat(events).endsWith("stop sql", "stop connect", "stop broker");
    }
}
