package dev.ripple.events;

import java.util.List;

final class Validation {

    private Validation() {}

    static void requireText(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is missing");
        }
    }

    static void requireAccount(List<String> problems, String field, Account account) {
        if (account == null) {
            problems.add(field + " is missing");
        } else {
            problems.addAll(account.problems(field));
        }
    }
}
