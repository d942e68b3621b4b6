package dev.hpcenv.shim.runtime;

import java.util.List;
import java.util.OptionalInt;
import sun.misc.Signal;

/**
 * Takes over SIGTERM, SIGINT and SIGHUP. While the container runs, each signal is passed to the
 * runtime process (runc forwards it to the container, whose exit status then becomes the shim's).
 * Before that, the first signal interrupts the main thread so that the shim unwinds, cleans up
 * and exits with 128+N.
 */
public final class SignalRelay {
    private static final List<String> HANDLED = List.of("TERM", "INT", "HUP");
    private final Thread main;
    private volatile int received;
    private volatile String receivedName;
    private volatile RuntimeProcess running;
    private volatile boolean shielded;

    private SignalRelay(Thread main) {
        this.main = main;
    }

    public static SignalRelay install() {
        SignalRelay relay = new SignalRelay(Thread.currentThread());
        for (String name : HANDLED) {
            Signal.handle(new Signal(name), relay::onSignal);
        }
        return relay;
    }

    /** A relay that handles nothing (tests, commands that need no forwarding). */
    public static SignalRelay none() {
        return new SignalRelay(Thread.currentThread());
    }

    private void onSignal(Signal s) {
        received = s.getNumber();
        receivedName = s.getName();
        RuntimeProcess p = running;
        if (p != null) {
            p.signal(s.getNumber(), s.getName());
        } else if (!shielded) {
            main.interrupt();
        }
    }

    /**
     * Ends the main thread's wait as a signal would, without one (a stop told another way); does
     * nothing once cleanup has begun.
     */
    public void requestStop() {
        if (!shielded) {
            main.interrupt();
        }
    }

    /** Signals arriving from now on go to {@code p}; one that arrived during start-up is sent at once. */
    public void attach(RuntimeProcess p) {
        running = p;
        if (received != 0) {
            p.signal(received, receivedName);
        }
    }

    public void detach() {
        running = null;
    }

    /** From now on signals are only recorded: cleanup must run to its end (another ^C included). */
    public void shield() {
        shielded = true;
    }

    public OptionalInt received() {
        return received == 0 ? OptionalInt.empty() : OptionalInt.of(received);
    }
}
