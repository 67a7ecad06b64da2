package dev.pampa.testkit;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/** Counts the words of {@code text} into {@code word_count}; a row without text fails every try. */
public final class WordCounter implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) {
        String text = task.getString("text");
        if (text == null) {
            throw new IllegalArgumentException("row " + task.key() + " has no text");
        }
        task.set("word_count", text.isBlank() ? 0 : text.trim().split("\\s+").length);
    }
}
