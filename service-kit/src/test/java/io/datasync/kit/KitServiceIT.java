package io.datasync.kit;

import io.datasync.kit.test.AbstractServiceIT;
import io.datasync.kit.testapp.KitTestApplication;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

@ContextConfiguration(classes = KitTestApplication.class)
@TestPropertySource(
        properties = {
            "spring.application.name=kit-test",
            "datasync.service.name=kit-test",
            "datasync.service.api-base=/api/kit",
            "datasync.service.database=datasync_kit",
            "spring.liquibase.change-log=classpath:db/changelog/kit-test-master.yaml"
        })
class KitServiceIT extends AbstractServiceIT {}
