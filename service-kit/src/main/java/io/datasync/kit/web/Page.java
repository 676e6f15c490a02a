package io.datasync.kit.web;

import java.util.List;

/** One page of a list; every paged list of every service has this shape. */
public record Page<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> of(List<T> items, int page, int size, long totalItems) {
        return new Page<>(items, page, size, totalItems, (totalItems + size - 1) / size);
    }
}
