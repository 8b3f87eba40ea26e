package io.trialstream.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Port helpers for the local run and tests. */
public final class Ports {
    public static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * A free port for a process started later (a service under test). {@link #free()} returns a port from the
     * kernel's ephemeral range, and until the process binds it any outgoing connection (a Kafka or JDBC client) may
     * be given the same port, so the process fails with "port in use" (seen in CI). A port below the ephemeral range
     * is never handed out that way.
     */
    public static int freeForLater() throws IOException {
        int low = ephemeralLow();
        int from = Math.max(1024, low - 12_000);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 200 && from < low; i++) {
            int port = random.nextInt(from, low);
            if (isFree(port)) {
                return port;
            }
        }
        return free();
    }

    /** The first port of Linux's ephemeral range (32768 where it cannot be read). */
    static int ephemeralLow() {
        try {
            String range = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns {@code port} or fails with a message naming who wanted it. */
    public static int requireFree(int port, String what) {
        if (!isFree(port)) {
            throw new IllegalStateException(what + " port " + port + " is already in use; stop whatever holds it "
                    + "(another trialstream run?) or choose another port");
        }
        return port;
    }

    private Ports() {
    }
}
