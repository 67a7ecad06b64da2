package dev.pampa.model.ruby;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code BlackStack::Pampa.add_nodes(...)}, {@code add_node(...)} and {@code add_job(...)}
 * calls of a Ruby Pampa configuration file, without a Ruby interpreter: their arguments must be
 * literals (hashes, arrays, strings, symbols, numbers, regular expressions, true/false/nil), and
 * Ruby code ({@code Proc.new do ... end}) is kept as text to be named, never run. Everything else in
 * the file (requires, the database connection, other code) is passed over.
 */
public final class RubyConfigReader {
    /** One call found: {@code add_nodes}, {@code add_node} or {@code add_job}, and its argument. */
    public record Call(String method, RubyLiteral argument, int line) {
    }

    /** Something the reader cannot read; the message names the line and what to write instead. */
    public static final class ReadError extends Exception {
        private final int line;

        ReadError(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private static final Set<String> CALLS = Set.of("add_nodes", "add_node", "add_job");
    private static final Set<String> BLOCK_OPENERS = Set.of("do", "begin", "def", "class", "module", "case", "for");
    private static final Set<String> STATEMENT_OPENERS = Set.of("if", "unless", "while", "until");
    private static final int MAX_DEPTH = 64;

    private final String src;
    private int pos;
    private int line = 1;
    private int depth;

    private RubyConfigReader(String src) {
        this.src = src;
    }

    public static List<Call> read(String source) throws ReadError {
        return new RubyConfigReader(source).calls();
    }

    private List<Call> calls() throws ReadError {
        List<Call> found = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '#') {
                skipComment();
            } else if (c == '\'' || c == '"') {
                readString();
            } else if (c == '\n') {
                pos++;
                line++;
            } else if (atLineStart() && src.startsWith("=begin", pos)) {
                skipEmbeddedDocument();
            } else if (Character.isJavaIdentifierStart(c) && (pos == 0 || !Character.isJavaIdentifierPart(src.charAt(pos - 1)))) {
                int start = pos;
                int callLine = line;
                String word = identifier();
                if (CALLS.contains(word) && start > 0 && src.charAt(start - 1) == '.') {
                    skipSpace();
                    if (pos >= src.length() || src.charAt(pos) != '(') {
                        throw new ReadError(callLine, word + " without parentheses: write " + word + "( ... )");
                    }
                    pos++;
                    RubyLiteral argument = value();
                    skipSpace();
                    if (pos >= src.length() || src.charAt(pos) != ')') {
                        throw new ReadError(line, "expected ')' closing " + word + " (line " + callLine + ")" + near());
                    }
                    pos++;
                    found.add(new Call(word, argument, callLine));
                }
            } else {
                pos++;
            }
        }
        return found;
    }

    private RubyLiteral value() throws ReadError {
        skipSpace();
        if (pos >= src.length()) {
            throw new ReadError(line, "the file ends where a value belongs");
        }
        if (++depth > MAX_DEPTH) {
            throw new ReadError(line, "values nested more than " + MAX_DEPTH + " deep");
        }
        try {
            char c = src.charAt(pos);
            int at = line;
            if (c == '{') {
                return hash();
            }
            if (c == '[') {
                return array();
            }
            if (c == '\'' || c == '"') {
                return new RubyLiteral.Text(readString(), false, at);
            }
            if (c == ':' && pos + 1 < src.length() && (Character.isJavaIdentifierStart(src.charAt(pos + 1)) || src.charAt(pos + 1) == '"')) {
                pos++;
                String name = src.charAt(pos) == '"' ? readString() : identifierWithSuffix();
                return new RubyLiteral.Text(name, true, at);
            }
            if (Character.isDigit(c) || (c == '-' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
                return number();
            }
            if (c == '/') {
                return regex();
            }
            if (src.startsWith("->", pos)) {
                pos += 2;
                return code(at, pos - 2);
            }
            if (Character.isJavaIdentifierStart(c)) {
                int start = pos;
                String word = qualifiedName();
                switch (word) {
                    case "true": return new RubyLiteral.Bool(true, at);
                    case "false": return new RubyLiteral.Bool(false, at);
                    case "nil": return new RubyLiteral.Nil(at);
                    case "Proc.new", "proc", "lambda": return code(at, start);
                    default:
                        throw new ReadError(at, "cannot read '" + word + "' here: the importer reads literal values (strings,"
                                + " numbers, symbols, regular expressions, hashes, arrays) and Proc blocks; write the value itself");
                }
            }
            throw new ReadError(at, "cannot read '" + c + "' here" + near());
        } finally {
            depth--;
        }
    }

    private RubyLiteral.Hash hash() throws ReadError {
        int at = line;
        pos++;
        LinkedHashMap<String, RubyLiteral> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new HashMap<>();
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                throw new ReadError(at, "the hash opened here is never closed with '}'");
            }
            if (src.charAt(pos) == '}') {
                pos++;
                return new RubyLiteral.Hash(entries, keyLines, at);
            }
            int keyLine = line;
            String key = key();
            if (entries.containsKey(key)) {
                throw new ReadError(keyLine, "'" + key + "' is given twice in one hash (first on line " + keyLines.get(key) + ")");
            }
            RubyLiteral v = value();
            entries.put(key, v);
            keyLines.put(key, keyLine);
            skipSpace();
            if (pos < src.length() && src.charAt(pos) == ',') {
                pos++;
            } else if (pos < src.length() && src.charAt(pos) != '}') {
                throw new ReadError(line, "expected ',' or '}' after the value of '" + key + "'" + near());
            }
        }
    }

    private String key() throws ReadError {
        char c = src.charAt(pos);
        String key;
        if (c == ':' && pos + 1 < src.length() && (Character.isJavaIdentifierStart(src.charAt(pos + 1)) || src.charAt(pos + 1) == '"')) {
            pos++;
            key = src.charAt(pos) == '"' ? readString() : identifierWithSuffix();
            return arrow(key);
        }
        if (c == '\'' || c == '"') {
            key = readString();
            if (pos < src.length() && src.charAt(pos) == ':') {
                pos++;
                return key;
            }
            return arrow(key);
        }
        if (Character.isJavaIdentifierStart(c)) {
            key = identifierWithSuffix();
            if (pos < src.length() && src.charAt(pos) == ':') {
                pos++;
                return key;
            }
            throw new ReadError(line, "'" + key + "' as a hash key: write :" + key + " => value or " + key + ": value");
        }
        throw new ReadError(line, "cannot read a hash key at '" + c + "'" + near());
    }

    private String arrow(String key) throws ReadError {
        skipSpace();
        if (!src.startsWith("=>", pos)) {
            throw new ReadError(line, "expected '=>' after the key '" + key + "'" + near());
        }
        pos += 2;
        return key;
    }

    private RubyLiteral.Array array() throws ReadError {
        int at = line;
        pos++;
        List<RubyLiteral> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                throw new ReadError(at, "the array opened here is never closed with ']'");
            }
            if (src.charAt(pos) == ']') {
                pos++;
                return new RubyLiteral.Array(items, at);
            }
            items.add(value());
            skipSpace();
            if (pos < src.length() && src.charAt(pos) == ',') {
                pos++;
            } else if (pos < src.length() && src.charAt(pos) != ']') {
                throw new ReadError(line, "expected ',' or ']' in the array opened on line " + at + near());
            }
        }
    }

    private RubyLiteral.Number number() {
        int at = line;
        int start = pos;
        if (src.charAt(pos) == '-') {
            pos++;
        }
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                || (src.charAt(pos) == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))))) {
            pos++;
        }
        return new RubyLiteral.Number(src.substring(start, pos).replace("_", ""), at);
    }

    private RubyLiteral.Regex regex() throws ReadError {
        int at = line;
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw new ReadError(at, "the regular expression opened here is not closed with '/' on its line");
            }
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < src.length()) {
                if (src.charAt(pos + 1) != '/') {
                    b.append(c);
                }
                b.append(src.charAt(pos + 1));
                pos += 2;
                continue;
            }
            if (c == '/') {
                pos++;
                break;
            }
            if (c == '#' && pos + 1 < src.length() && src.charAt(pos + 1) == '{') {
                throw new ReadError(at, "interpolation #{...} in a regular expression: write the expression out");
            }
            b.append(c);
            pos++;
        }
        int flagsStart = pos;
        while (pos < src.length() && Character.isLetter(src.charAt(pos))) {
            pos++;
        }
        return new RubyLiteral.Regex(b.toString(), src.substring(flagsStart, pos), at);
    }

    /** Skips a block ({@code do ... end} or {@code { ... }}) after Proc.new, proc, lambda or ->. */
    private RubyLiteral.Code code(int at, int start) throws ReadError {
        skipInlineSpace();
        if (pos < src.length() && src.charAt(pos) == '(') {
            skipBalanced('(', ')', at);
            skipInlineSpace();
        }
        if (pos < src.length() && src.charAt(pos) == '{') {
            skipBalanced('{', '}', at);
        } else if (src.startsWith("do", pos) && (pos + 2 >= src.length() || !Character.isJavaIdentifierPart(src.charAt(pos + 2)))) {
            pos += 2;
            skipDoBlock(at);
        } else {
            throw new ReadError(at, "a Proc without a block: write Proc.new do |...| ... end");
        }
        return new RubyLiteral.Code(src.substring(start, pos), at);
    }

    private void skipBalanced(char open, char close, int at) throws ReadError {
        int level = 0;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\'' || c == '"') {
                readString(true);
                continue;
            }
            if (c == '#') {
                skipComment();
                continue;
            }
            if (c == '\n') {
                line++;
            } else if (c == open) {
                level++;
            } else if (c == close && --level == 0) {
                pos++;
                return;
            }
            pos++;
        }
        throw new ReadError(at, "the block opened here is never closed with '" + close + "'");
    }

    /** Counts the keywords that Ruby closes with {@code end}; if/unless/while/until only as statements (first on their line, or after '='). */
    private void skipDoBlock(int at) throws ReadError {
        int level = 1;
        boolean lineStart = false;
        boolean afterAssign = false;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\'' || c == '"') {
                readString(true);
                lineStart = false;
                afterAssign = false;
                continue;
            }
            if (c == '#') {
                skipComment();
                continue;
            }
            if (c == '\n') {
                line++;
                pos++;
                lineStart = true;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
                continue;
            }
            if (Character.isJavaIdentifierStart(c) && (pos == 0 || (!Character.isJavaIdentifierPart(src.charAt(pos - 1)) && src.charAt(pos - 1) != '.'))) {
                String word = identifierWithSuffix();
                if (word.equals("end")) {
                    if (--level == 0) {
                        return;
                    }
                } else if (BLOCK_OPENERS.contains(word) || (STATEMENT_OPENERS.contains(word) && (lineStart || afterAssign))) {
                    level++;
                }
                lineStart = false;
                afterAssign = false;
                continue;
            }
            afterAssign = c == '=' && !(pos + 1 < src.length() && (src.charAt(pos + 1) == '=' || src.charAt(pos + 1) == '>'));
            lineStart = false;
            pos++;
        }
        throw new ReadError(at, "the block opened here is never closed with 'end'");
    }

    private String readString() throws ReadError {
        return readString(false);
    }

    /** @param inCode inside Ruby code that is skipped: an interpolation is passed over, not refused */
    private String readString(boolean inCode) throws ReadError {
        int at = line;
        char quote = src.charAt(pos++);
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw new ReadError(at, "the string opened here is never closed with " + quote);
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && pos < src.length()) {
                char e = src.charAt(pos++);
                if (quote == '\'') {
                    b.append(e == '\'' || e == '\\' ? "" + e : "\\" + e);
                } else {
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 's' -> b.append(' ');
                        case '0' -> b.append('\0');
                        default -> b.append(e);
                    }
                }
                continue;
            }
            if (quote == '"' && c == '#' && pos < src.length() && src.charAt(pos) == '{') {
                if (!inCode) {
                    throw new ReadError(at, "interpolation #{...} in a string: write the value out, or use single quotes");
                }
                skipBalanced('{', '}', at);
                continue;
            }
            b.append(c);
        }
    }

    private void skipSpace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                skipComment();
            } else {
                return;
            }
        }
    }

    private void skipInlineSpace() {
        while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipComment() {
        while (pos < src.length() && src.charAt(pos) != '\n') {
            pos++;
        }
    }

    private boolean atLineStart() {
        return pos == 0 || src.charAt(pos - 1) == '\n';
    }

    private void skipEmbeddedDocument() {
        while (pos < src.length()) {
            int eol = src.indexOf('\n', pos);
            boolean last = src.startsWith("=end", pos);
            pos = eol < 0 ? src.length() : eol + 1;
            line++;
            if (last) {
                return;
            }
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    /** An identifier with Ruby's optional {@code ?} or {@code !} suffix, as method names and symbols may end. */
    private String identifierWithSuffix() {
        String word = identifier();
        if (pos < src.length() && (src.charAt(pos) == '?' || src.charAt(pos) == '!')
                && !(pos + 1 < src.length() && src.charAt(pos + 1) == '=')) {
            pos++;
            return word + src.charAt(pos - 1);
        }
        return word;
    }

    /** {@code Proc.new}, {@code Foo::Bar} and the like, read as one word to name in a message. */
    private String qualifiedName() {
        StringBuilder b = new StringBuilder(identifier());
        while (pos + 1 < src.length() && (src.charAt(pos) == '.' || src.startsWith("::", pos))
                && Character.isJavaIdentifierStart(src.charAt(src.charAt(pos) == '.' ? pos + 1 : Math.min(pos + 2, src.length() - 1)))) {
            String sep = src.charAt(pos) == '.' ? "." : "::";
            pos += sep.length();
            b.append(sep).append(identifier());
        }
        return b.toString();
    }

    private String near() {
        int end = Math.min(src.length(), pos + 20);
        String s = src.substring(pos, end);
        int nl = s.indexOf('\n');
        return " (near '" + (nl >= 0 ? s.substring(0, nl) : s) + "')";
    }
}
