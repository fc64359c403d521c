package dev.ripple.notify.web;

/** One thing wrong with one field of a request. */
public record FieldProblem(String field, String message) {}
