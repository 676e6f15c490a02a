package io.datasync.system.archfixture.models;

import java.io.File;
import org.springframework.util.StringUtils;

/** A "common-models" class using Spring and the file system: the boundary rule must reject it. */
public final class ModelWithSpringAndIo {
    public boolean check(String name) {
        return StringUtils.hasText(name) && new File(name).exists();
    }
}
