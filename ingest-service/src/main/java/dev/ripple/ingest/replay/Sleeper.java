package dev.ripple.ingest.replay;

import java.time.Duration;

/** Waits between events when a replay is paced; tests substitute one that records the waits. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}
