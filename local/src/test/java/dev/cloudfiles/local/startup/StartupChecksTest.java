package dev.cloudfiles.local.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalService;
import dev.cloudfiles.local.LocalStack;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stack refuses to start on a taken port, naming the port and the variable that moves it, and
 * says so and stops when dynalite dies under it, and stops cleanly on Ctrl-C. {@code make run} is
 * run as a real process here.
 */
class StartupChecksTest {
    /** What make run prints when a port is taken: one line, exit status 1, nothing on stdout. */
    @ParameterizedTest
    @EnumSource(LocalService.class)
    void aTakenPortStopsMakeRunWithOneLineNamingItsVariable(LocalService service, @TempDir Path data) throws Exception {
        try (ServerSocket taken = listen("127.0.0.1")) {
            var exit = StackProcess.start(data, "--" + service.flag() + "=" + taken.getLocalPort())
                    .awaitExit();
            assertThat(exit.status()).isEqualTo(1);
            assertThat(exit.stdout()).isEmpty();
            assertThat(exit.stderr().strip().lines())
                    .singleElement()
                    .asString()
                    .contains("port " + taken.getLocalPort())
                    .contains(service.variable());
        }
    }

    @Test
    void aServerOnAllInterfacesCountsAsTaken(@TempDir Path data) throws Exception {
        try (ServerSocket taken = listen("0.0.0.0")) {
            var exit = StackProcess.start(data, "--dynamodb-port=" + taken.getLocalPort())
                    .awaitExit();
            assertThat(exit.status()).isEqualTo(1);
            assertThat(exit.stderr()).contains(LocalService.DYNAMODB.variable());
        }
    }

    @Test
    void theStackReportsDynaliteDying() throws Exception {
        Set<Long> before = dynaliteChildren(ProcessHandle.current())
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
        try (LocalStack stack = LocalStack.builder().start()) {
            // This stack's dynalite: the one child that was not there before it started.
            var started = dynaliteChildren(ProcessHandle.current())
                    .filter(p -> !before.contains(p.pid()))
                    .toList();
            assertThat(started).hasSize(1);
            ProcessHandle dynalite = started.get(0);
            assertThat(stack.failure()).isNotDone();
            dynalite.destroyForcibly();
            // A bound, not a timing: the future completes when the process exit is seen.
            String reason = stack.failure().get(60, TimeUnit.SECONDS);
            assertThat(reason)
                    .contains("dynalite")
                    .contains("pid " + dynalite.pid())
                    .contains("exited");
        }
    }

    @Test
    void makeRunExitsWhenDynaliteDies(@TempDir Path data) throws Exception {
        var run = StackProcess.start(data);
        run.awaitBanner();
        dynaliteChild(run.process().toHandle()).destroyForcibly();
        var exit = run.awaitExit();
        assertThat(exit.status()).isEqualTo(1);
        assertThat(exit.stderr()).contains("dynalite").contains("exited").contains("stopping");
    }

    /**
     * Ctrl-C reaches the whole process group, dynalite included: the stack alone decides when its
     * parts stop, prints one line, and exits 0 (so {@code make run} ends without an error).
     */
    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalToTheGroupStopsEverythingWithOneLineAndStatusZero(String signal, @TempDir Path data) throws Exception {
        var run = StackProcess.start(data);
        run.awaitBanner();
        ProcessHandle dynalite = dynaliteChild(run.process().toHandle());
        run.signalGroup(signal);
        var exit = run.awaitExit();
        assertThat(exit.status()).as("exit status; stderr: %s", exit.stderr()).isZero();
        assertThat(exit.stdout().lines().filter(line -> line.contains("Stopping the local stack")))
                .hasSize(1);
        assertThat(exit.stdout() + exit.stderr()).doesNotContain("ERROR").doesNotContain("exited with code");
        // A bound, not a timing: the stack waited for dynalite before exiting.
        dynalite.onExit().get(60, TimeUnit.SECONDS);
        assertThat(dynalite.isAlive()).isFalse();
    }

    static ProcessHandle dynaliteChild(ProcessHandle parent) {
        return dynaliteChildren(parent)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no dynalite child of " + parent.pid()));
    }

    static Stream<ProcessHandle> dynaliteChildren(ProcessHandle parent) {
        return parent.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("dynalite-launcher.js"));
    }

    private static ServerSocket listen(String address) throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return socket;
    }
}
