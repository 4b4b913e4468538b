package io.clustergateway.gateway.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion (or its time limit) and keeps what it printed; the lab's commands are all short. */
record Command(List<String> argv, int exitCode, String stdout, String stderr) {

    static Command run(Duration limit, Map<String, String> env, String stdin, List<String> argv) {
        Path out = null;
        Path err = null;
        try {
            // Files, not pipes: a chatty command cannot block on a full pipe while we wait for it.
            out = Files.createTempFile("cge2e-out-", ".txt");
            err = Files.createTempFile("cge2e-err-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process process = builder.start();
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            int exit;
            if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = process.exitValue();
            } else {
                process.destroyForcibly().waitFor();
                exit = -1;
            }
            String stderr = Files.readString(err);
            if (exit == -1) {
                stderr += "\n(killed: still running after " + limit.toMillis() + " ms)";
            }
            return new Command(List.copyOf(argv), exit, Files.readString(out), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    boolean ok() {
        return exitCode == 0;
    }

    /** The command and everything it printed, for assertion messages. */
    String describe() {
        return "`" + String.join(" ", argv) + "` exited " + exitCode
                + (stdout.isBlank() ? "" : "\n  stdout: " + stdout.strip().replace("\n", "\n          "))
                + (stderr.isBlank() ? "" : "\n  stderr: " + stderr.strip().replace("\n", "\n          "));
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
