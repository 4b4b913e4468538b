package io.clustergateway.gateway.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What dig printed for one question: the status, the server that answered, the answer section. */
record Dig(String question, String status, String server, List<Rr> answers, Command command) {
    private static final Pattern STATUS = Pattern.compile("->>HEADER<<- opcode: \\w+, status: (\\w+)");
    private static final Pattern SERVER = Pattern.compile(";; SERVER: ([^#\\s]+)#");

    /** One answer record as dig prints it: {@code web.default.svc.cluster.local. 30 IN A 10.254.0.20}. */
    record Rr(String owner, long ttl, String type, String data) {
        @Override
        public String toString() {
            return owner + " " + ttl + " " + type + " " + data;
        }
    }

    static Dig parse(String question, Command command) {
        String out = command.stdout();
        Matcher status = STATUS.matcher(out);
        Matcher server = SERVER.matcher(out);
        List<Rr> answers = new ArrayList<>();
        boolean inAnswer = false;
        for (String line : out.split("\n")) {
            if (line.startsWith(";; ANSWER SECTION:")) {
                inAnswer = true;
            } else if (inAnswer && (line.isBlank() || line.startsWith(";"))) {
                inAnswer = false;
            } else if (inAnswer) {
                String[] fields = line.trim().split("\\s+", 5);
                answers.add(new Rr(fields[0], Long.parseLong(fields[1]), fields[3], fields.length > 4 ? fields[4] : ""));
            }
        }
        return new Dig(question, status.find() ? status.group(1) : "NO ANSWER", server.find() ? server.group(1) : "none",
                List.copyOf(answers), command);
    }

    /** The record type the question asks for: {@code -x ADDR} is PTR, a trailing {@code TXT}/{@code SRV}/... that type. */
    String askedType() {
        String[] words = question.split(" ");
        if (words[0].equals("-x")) {
            return "PTR";
        }
        String last = words[words.length - 1];
        return words.length > 1 && last.matches("[A-Z0-9]+") ? last : "A";
    }

    /** The data of the answer records of one type, e.g. the addresses of the A records. */
    List<String> data(String type) {
        return answers.stream().filter(rr -> rr.type().equals(type)).map(Rr::data).toList();
    }

    /** dig's view in one line, as a user would read it. */
    String summary() {
        return "`dig " + question + "` -> " + status + " from " + server + " " + answers
                + (status.equals("NO ANSWER") ? "\n" + command.describe() : "");
    }
}
