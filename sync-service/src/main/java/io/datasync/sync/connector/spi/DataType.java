package io.datasync.sync.connector.spi;

/**
 * The column types rows carry between a source, the transforms and a sink, with the Java class of their values.
 * Sources map their database's types onto these; sinks map them back.
 */
public enum DataType {
    BOOLEAN(Boolean.class),
    INT(Integer.class),
    BIGINT(Long.class),
    DECIMAL(java.math.BigDecimal.class),
    DOUBLE(Double.class),
    TEXT(String.class),
    DATE(java.time.LocalDate.class),
    TIME(java.time.LocalTime.class),
    TIMESTAMP(java.time.LocalDateTime.class),
    TIMESTAMPTZ(java.time.OffsetDateTime.class),
    UUID(java.util.UUID.class),
    BYTES(byte[].class),
    JSON(String.class);

    private final Class<?> javaType;

    DataType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The class every non-null value of this type has. */
    public Class<?> javaType() {
        return javaType;
    }
}
