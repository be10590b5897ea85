package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.StreamingBody;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.ParentCommand;

/**
 * A subcommand that works on the drive: it runs with a client opened from the shared options
 * (and closed afterwards) and exits 0 unless it throws (or, like {@code sync}, sets
 * {@link #exitCode} for an outcome between success and failure).
 */
abstract class ClientCommand implements Callable<Integer> {
    @ParentCommand
    CloudFilesCli cli;

    /** What a run that did not throw exits with. */
    int exitCode = 0;

    @Override
    public final Integer call() throws IOException {
        validate();
        try (CloudDrive drive = cli.drive()) {
            run(drive);
        }
        return exitCode;
    }

    /** Checks the arguments before a client is opened, so that a bad invocation needs no configuration. */
    void validate() {}

    abstract void run(CloudDrive drive) throws IOException;

    /** NAME's body; a missing file is a failure. */
    static StreamingBody open(CloudDrive drive, String name) {
        StreamingBody body = drive.get(name);
        if (body == null) throw new Failure("no such file: " + name);
        return body;
    }

    /** Copies a body to {@code out} and flushes it, with a progress bar for large ones on a terminal. */
    void copy(StreamingBody body, OutputStream out, String task) throws IOException {
        try (ProgressBar bar = cli.progress(task, body.size())) {
            InputStream in = body.asInputStream();
            if (bar != null) {
                in = new FilterInputStream(in) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) bar.stepBy(n);
                        return n;
                    }
                };
            }
            try {
                in.transferTo(out);
            } catch (SocketTimeoutException e) {
                throw new Failure("reading " + body.name() + ": no data within the socket timeout");
            }
            out.flush();
        }
    }
}
