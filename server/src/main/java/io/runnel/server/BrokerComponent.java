package io.runnel.server;

import io.runnel.broker.Broker;

/** The Kafka-protocol broker as a node component; always present, always first. */
final class BrokerComponent implements Component {

    private final Broker broker;

    BrokerComponent(Broker broker) {
        this.broker = broker;
    }

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public void start() throws Exception {
        broker.startup();
    }

    @Override
    public void stop() {
        broker.shutdown();
    }
}
