package io.trialstream.registry.messaging;

/** Test access to the relay's package-private seams (a crash point, starting a relay that was disabled). */
public final class RelayHooks {
    private RelayHooks() {
    }

    /** Sends a batch, then fails after the broker acknowledged it and before the outbox rows are deleted. */
    public static void drainAndCrashAfterAcknowledged(OutboxRelay relay) {
        relay.drainBatch(() -> {
            throw new SimulatedCrash();
        });
    }

    public static void start(OutboxRelay relay) {
        relay.start();
    }

    public static class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash between the broker's acknowledgement and the outbox delete");
        }
    }
}
