package dev.cloudfiles.local;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A port the stack was told to use is taken by another process: the stack does not start. */
public final class PortInUseException extends IllegalStateException {
    private final LocalService service;
    private final int port;

    public PortInUseException(LocalService service, int port, Throwable cause) {
        super(
                "port " + port + " for " + service.description() + " is already in use on 127.0.0.1; set "
                        + service.variable() + " to a free port (or stop what listens there)",
                cause);
        this.service = service;
        this.port = port;
    }

    public LocalService service() {
        return service;
    }

    public int port() {
        return port;
    }

    /** Throws if something already listens on 127.0.0.1:{@code port}; port 0 (any free port) always passes. */
    static void checkFree(LocalService service, int port) {
        if (port == 0) return;
        try (var socket = new ServerSocket()) {
            // SO_REUSEADDR as the real servers bind: a port left only in TIME_WAIT counts as free, a listener does not.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new PortInUseException(service, port, e);
        }
    }

    /** True when {@code error} or one of its causes is a failed bind. */
    static boolean isBindFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BindException) return true;
        }
        return false;
    }
}
