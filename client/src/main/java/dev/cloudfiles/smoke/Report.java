package dev.cloudfiles.smoke;

import java.io.PrintStream;

/** Runs the steps, one line each, and counts them for the summary line. */
final class Report {
    /** A step: checks what it says, and returns the line's account of what held. */
    interface Check {
        String run() throws Exception;
    }

    private final PrintStream out;
    private int passed;
    private int failed;
    private int skipped;

    Report(PrintStream out) {
        this.out = out;
    }

    /** Runs {@code check}: an {@code ok} line with its account, or a {@code FAIL} line with what did not hold. */
    void step(String name, Check check) {
        String line;
        try {
            line = "ok   " + name + ": " + check.run();
            passed++;
        } catch (Failed e) {
            line = "FAIL " + name + ": " + e.getMessage();
            failed++;
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            line = "FAIL " + name + ": " + e;
            failed++;
        }
        out.println(line);
        out.flush();
    }

    void skip(String name, String why) {
        skipped++;
        out.println("skip " + name + ": " + why);
    }

    boolean failed() {
        return failed > 0;
    }

    /** {@code smoke: N passed, N failed} and, if any were, {@code , N skipped}. */
    String summary() {
        return "smoke: " + passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }
}
