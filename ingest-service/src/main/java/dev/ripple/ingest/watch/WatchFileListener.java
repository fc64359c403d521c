package dev.ripple.ingest.watch;

/** Told when the watch file changed and the new content is valid. */
@FunctionalInterface
public interface WatchFileListener {

    void onChange(WatchFile previous, WatchFile current);
}
