package io.datasync.devinfra;

/** One embedded server that {@link LocalInfra} starts and stops. */
interface InfraServer extends AutoCloseable {

    String name();

    int port();

    /** The OS process that serves the port (the JVM itself for in-process servers). */
    long pid();

    void start() throws Exception;

    /** Stops the server and waits for it; safe to call when it never started. */
    @Override
    void close();
}
