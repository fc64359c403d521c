package dev.ripple.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile read into stages of instructions, as the builder reads it (continuations joined, comments gone). */
record Dockerfile(List<Stage> stages) {

    record Instruction(String keyword, String arguments) {}

    record Stage(String base, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .toList();
        }
    }

    static Dockerfile parse(String text) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue; // comments (and parser directives) never continue an instruction
            }
            if (line.endsWith("\\")) {
                current.append(line.substring(0, line.length() - 1).strip()).append(' ');
                continue;
            }
            current.append(line);
            if (!current.toString().isBlank()) {
                logical.add(current.toString().strip());
            }
            current.setLength(0);
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("the last instruction ends with a line continuation");
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> instructions = null;
        for (String line : logical) {
            int space = line.indexOf(' ');
            String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : line.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                String[] parts = arguments.split("\\s+");
                List<String> words = new ArrayList<>();
                for (String part : parts) {
                    if (!part.startsWith("--")) {
                        words.add(part);
                    }
                }
                String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
                instructions = new ArrayList<>();
                stages.add(new Stage(words.getFirst(), name, instructions));
            } else if (instructions == null) {
                if (!keyword.equals("ARG")) {
                    throw new IllegalArgumentException(keyword + " before the first FROM");
                }
            } else {
                instructions.add(new Instruction(keyword, arguments));
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no FROM");
        }
        return new Dockerfile(List.copyOf(stages));
    }

    Stage last() {
        return stages.getLast();
    }
}
