package io.datasync.devinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalInfraTest {

    @Test
    void flagsStartServersOnTheirDefaultPorts() {
        LocalInfra.Options o = LocalInfra.Options.parse("--dir", "run/infra", "--postgres", "--mqtt");
        assertEquals(Path.of("run/infra"), o.dir());
        assertEquals("127.0.0.1", o.host());
        assertEquals(5432, o.postgresPort());
        assertEquals(0, o.redisPort());
        assertEquals(1883, o.mqttPort());
    }

    @Test
    void portOptionsStartTheServerOnThatPort() {
        LocalInfra.Options o = LocalInfra.Options.parse(
                "--dir", "x", "--postgres-port", "15432", "--redis-port", "16379", "--mqtt-port", "11883");
        assertEquals(15432, o.postgresPort());
        assertEquals(16379, o.redisPort());
        assertEquals(11883, o.mqttPort());
    }

    @Test
    void aPortGivenBeforeTheFlagIsKept() {
        LocalInfra.Options o = LocalInfra.Options.parse("--dir", "x", "--redis-port", "7000", "--redis");
        assertEquals(7000, o.redisPort());
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertEquals(
                "nothing to start: give --postgres, --redis and/or --mqtt",
                assertThrows(IllegalArgumentException.class, () -> LocalInfra.Options.parse("--dir", "x"))
                        .getMessage());
        assertEquals(
                "--dir is required",
                assertThrows(IllegalArgumentException.class, () -> LocalInfra.Options.parse("--redis"))
                        .getMessage());
        assertEquals(
                "--mqtt-port needs a port number, got 70000",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> LocalInfra.Options.parse("--dir", "x", "--mqtt-port", "70000"))
                        .getMessage());
        assertEquals(
                "unknown option --kafka",
                assertThrows(IllegalArgumentException.class, () -> LocalInfra.Options.parse("--dir", "x", "--kafka"))
                        .getMessage());
    }
}
