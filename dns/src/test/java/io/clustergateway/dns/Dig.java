package io.clustergateway.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the real `dig` against a server and reads back what a user would see. */
record Dig(String status, List<String> flags, List<String> answers, String output) {
    private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
    private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]+);");

    static Dig ask(InetSocketAddress server, String name, String type, String... options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dig", "@" + server.getAddress().getHostAddress(),
                "-p", Integer.toString(server.getPort()), name, type, "+tries=1", "+time=3"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("dig did not finish: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher status = STATUS.matcher(output);
        Matcher flags = FLAGS.matcher(output);
        return new Dig(status.find() ? status.group(1) : "NO ANSWER",
                flags.find() ? List.of(flags.group(1).trim().split(" +")) : List.of(),
                answerSection(output), output);
    }

    /** The answer lines, whitespace collapsed: "web.default.svc.cluster.local. 300 IN A 10.96.0.20". */
    private static List<String> answerSection(String output) {
        List<String> answers = new ArrayList<>();
        boolean inAnswer = false;
        for (String line : output.split("\n")) {
            if (line.startsWith(";; ANSWER SECTION:")) {
                inAnswer = true;
            } else if (inAnswer && (line.isBlank() || line.startsWith(";;"))) {
                inAnswer = false;
            } else if (inAnswer) {
                answers.add(line.trim().replaceAll("\\s+", " "));
            }
        }
        return answers;
    }

    /** The rdata of each answer (last field onwards after the type). */
    List<String> data() {
        List<String> data = new ArrayList<>();
        for (String answer : answers) {
            String[] fields = answer.split(" ", 5);
            data.add(fields.length == 5 ? fields[4] : answer);
        }
        return data;
    }
}
