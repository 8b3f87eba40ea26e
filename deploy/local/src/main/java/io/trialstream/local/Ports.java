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
