package dev.pampa.model.ruby;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value read from a Ruby literal, with the line it starts on: what the Ruby Pampa's configuration
 * files hold in their {@code add_nodes} and {@code add_job} calls.
 */
public sealed interface RubyLiteral {
    int line();

    /** A string, or a symbol's name ({@code :numbers} reads as {@code numbers}). */
    record Text(String value, boolean symbol, int line) implements RubyLiteral {
    }

    record Number(String value, int line) implements RubyLiteral {
    }

    record Bool(boolean value, int line) implements RubyLiteral {
    }

    record Nil(int line) implements RubyLiteral {
    }

    /** {@code /.../}: its source, which Java's regular expressions read the same for the subset Pampa uses. */
    record Regex(String source, String flags, int line) implements RubyLiteral {
    }

    /** Ruby code ({@code Proc.new do ... end}, a lambda): it cannot run here, only be named. */
    record Code(String text, int line) implements RubyLiteral {
    }

    record Array(List<RubyLiteral> items, int line) implements RubyLiteral {
    }

    /** Keys in the order written; a symbol key and a string key of the same name are the same key. */
    record Hash(LinkedHashMap<String, RubyLiteral> entries, Map<String, Integer> keyLines, int line) implements RubyLiteral {
    }
}
