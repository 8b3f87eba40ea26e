package io.trialstream.reliability;

import io.trialstream.local.EmbeddedKafka;

import java.nio.file.Path;

/**
 * A Kafka broker in a JVM of its own, so a test can kill it with SIGKILL (no shutdown, no flush) and start it again
 * on the same port and log directory. Arguments: port, log directory.
 */
public final class BrokerMain {
    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(Integer.parseInt(args[0]), Path.of(args[1]), false);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "broker-shutdown"));
        System.out.println("broker listening on " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }

    private BrokerMain() {
    }
}
