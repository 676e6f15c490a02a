package io.datasync.kit.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest service built on the kit, for the kit's own tests. */
@SpringBootApplication
public class KitTestApplication {}
