package dev.pampa.agent;

/**
 * JSON column values as jOOQ gives them. In a class of their own so that a worker loads jOOQ's JSON
 * types only when a task row really holds JSON.
 */
final class JsonValues {
    private JsonValues() {
    }

    static Object json(String text) {
        return org.jooq.JSON.valueOf(text);
    }

    static Object jsonb(String text) {
        return org.jooq.JSONB.valueOf(text);
    }
}
