package io.datasync.quality;

import java.util.List;

/** One page of a list; every paged list of quality-service has this shape (the same as config-service's). */
public record Page<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> of(List<T> items, int page, int size, long totalItems) {
        return new Page<>(items, page, size, totalItems, (totalItems + size - 1) / size);
    }
}
