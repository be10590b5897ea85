package dev.cloudfiles.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** What a figure was measured on: printed with every result. */
final class Machine {

    private Machine() {}

    /** "2 cores (nproc), AMD EPYC, 23.5 GiB RAM, OpenJDK 17.0.15, Linux 6.x" */
    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: keep "unknown"
        }
        String ram = "unknown RAM";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(l.replaceAll("[^0-9]", ""));
                    ram = String.format("%.1f GiB RAM", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // keep "unknown"
        }
        return Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpu + ", " + ram + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    /** The 1, 5 and 15 minute load averages: how busy the machine was (others' builds). */
    static String loadAverage() {
        try {
            List<String> f =
                    List.of(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+"));
            return f.get(0) + " / " + f.get(1) + " / " + f.get(2);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The commit the code was built from, and whether the modules measured (or the template the
     * gateway routes by) had uncommitted changes then; other modules (client/, admin/) are not run.
     */
    static String tree() {
        try {
            String head = run("git", "rev-parse", "--short", "HEAD");
            String dirty = run(
                    "git",
                    "status",
                    "--porcelain",
                    "--untracked-files=all",
                    "--",
                    "pom.xml",
                    "template.yaml",
                    "shared",
                    "functions",
                    "local/src/main",
                    "local/pom.xml",
                    "bench");
            long n = dirty.lines()
                    .filter(l -> !l.isBlank() && !l.contains("bench/results/"))
                    .count();
            return "commit " + head
                    + (n == 0 ? "" : " + uncommitted changes in " + n + " files of the measured modules");
        } catch (IOException | InterruptedException e) {
            return "unknown (no git)";
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(repoRoot().toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) throw new IOException(out);
        return out;
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The repository root (the folder holding template.yaml), from any working directory below it. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) return dir;
        }
        throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }
}
