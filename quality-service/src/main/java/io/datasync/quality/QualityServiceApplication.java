package io.datasync.quality;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Quality rule sets, validation and cleansing, quarantine and replay, scores and anomalies. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class QualityServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(QualityServiceApplication.class, args);
    }
}
