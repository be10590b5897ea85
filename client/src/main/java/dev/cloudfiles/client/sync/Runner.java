package dev.cloudfiles.client.sync;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.CloudFilesException;
import dev.cloudfiles.client.DeleteResult;
import dev.cloudfiles.client.PutOptions;
import dev.cloudfiles.client.sync.SyncAction.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Carries out a {@link SyncPlan}: the copies on {@code jobs} threads, then the deletes (on the
 * drive with delete-many, 1,000 names a request; locally file by file, then the directories those
 * deletes left empty). A failed step is recorded and the others go on.
 */
final class Runner {
    private final CloudDrive drive;
    private final Path root;
    private final String prefix;
    private final int jobs;

    Runner(CloudDrive drive, Path root, String prefix, int jobs) {
        this.drive = drive;
        this.root = root;
        this.prefix = prefix;
        this.jobs = jobs;
    }

    SyncResult run(SyncPlan plan, SyncListener listener) {
        List<SyncAction> actions = plan.actions();
        String[] failures = new String[actions.size()];
        copy(actions, failures, listener);
        deleteRemote(actions, failures, listener);
        deleteLocal(actions, failures, listener);
        List<SyncAction> done = new ArrayList<>();
        Map<SyncAction, String> failed = new LinkedHashMap<>();
        for (int i = 0; i < actions.size(); i++) {
            if (failures[i] == null) done.add(actions.get(i));
            else failed.put(actions.get(i), failures[i]);
        }
        return new SyncResult(done, failed, plan.skipped());
    }

    private void copy(List<SyncAction> actions, String[] failures, SyncListener listener) {
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < actions.size(); i++) {
                SyncAction a = actions.get(i);
                if (a.kind() != Kind.UPLOAD && a.kind() != Kind.DOWNLOAD) continue;
                int index = i;
                running.add(pool.submit(() -> {
                    try {
                        if (a.kind() == Kind.UPLOAD) upload(a, listener);
                        else new Download(drive, root, a).run(listener);
                        listener.done(a);
                    } catch (RuntimeException | IOException e) {
                        failures[index] = message(e);
                        listener.failed(a, e);
                    }
                }));
            }
            for (Future<?> f : running) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while syncing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // the tasks catch their failures
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Sends the file only over the version the plan compared with: created if absent, replaced if
     * its ETag is still the same; a file changed in the drive meanwhile fails with 412, kept.
     */
    private void upload(SyncAction a, SyncListener listener) {
        PutOptions options = a.remote() == null
                ? PutOptions.ifAbsent()
                : a.remote().etag() == null
                        ? PutOptions.defaults()
                        : PutOptions.ifMatch(a.remote().etag());
        drive.put(prefix + a.path(), a.local().file(), options.withListener(listener));
    }

    private void deleteRemote(List<SyncAction> actions, String[] failures, SyncListener listener) {
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i).kind() == Kind.DELETE_REMOTE)
                byName.put(actions.get(i).remote().name(), i);
        }
        if (byName.isEmpty()) return;
        Map<String, String> failed;
        try {
            // Only the version the plan saw: a file another writer replaced since is kept.
            Map<String, String> seen = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : byName.entrySet())
                seen.put(e.getKey(), actions.get(e.getValue()).remote().etag());
            DeleteResult result = drive.deleteIfMatch(seen);
            failed = result.failed();
        } catch (CloudFilesException e) {
            failed = new LinkedHashMap<>();
            for (String name : byName.keySet()) failed.put(name, e.getMessage());
        }
        for (Map.Entry<String, Integer> e : byName.entrySet()) {
            SyncAction a = actions.get(e.getValue());
            String why = failed.get(e.getKey());
            if (why == null) listener.done(a);
            else {
                failures[e.getValue()] = why;
                listener.failed(a, new IllegalStateException(why));
            }
        }
    }

    private void deleteLocal(List<SyncAction> actions, String[] failures, SyncListener listener) {
        TreeSet<Path> emptied = new TreeSet<>(
                Comparator.comparingInt(Path::getNameCount).reversed().thenComparing(Comparator.naturalOrder()));
        Path top = realPath(root);
        for (int i = 0; i < actions.size(); i++) {
            SyncAction a = actions.get(i);
            if (a.kind() != Kind.DELETE_LOCAL) continue;
            try {
                LocalFile.checkUnchanged(a.local(), a.local().file()); // edited since the plan: kept
                Files.deleteIfExists(a.local().file());
                listener.done(a);
                for (Path dir = a.local().file().getParent();
                        dir != null && dir.startsWith(top) && !dir.equals(top); ) {
                    emptied.add(dir);
                    dir = dir.getParent();
                }
            } catch (IOException e) {
                failures[i] = message(e);
                listener.failed(a, e);
            }
        }
        for (Path dir : emptied) { // deepest first
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException stillUsed) {
                // kept: it holds other files
            } catch (IOException e) {
                // kept: not a file of the plan; the files in it are gone as planned
            }
        }
    }

    /** Where the local files of the plan are ({@link LocalTree} walks the real path). */
    private static Path realPath(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root.toAbsolutePath().normalize();
        }
    }

    static String message(Exception e) {
        if (e instanceof CloudFilesException) return e.getMessage();
        if (e instanceof UncheckedIOException u) return message(u.getCause());
        if (e instanceof IOException) return e.getClass().getSimpleName() + ": " + e.getMessage();
        return e.toString();
    }
}
