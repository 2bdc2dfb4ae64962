package io.runnel.protocol.codegen;

/** Accumulates Java source text with indentation. Not thread-safe. */
final class CodeBuffer {

    private final StringBuilder text = new StringBuilder();
    private int indent;
    private int counter;

    CodeBuffer line(String s) {
        if (!s.isEmpty()) {
            text.append("    ".repeat(indent));
        }
        text.append(s).append('\n');
        return this;
    }

    CodeBuffer blank() {
        text.append('\n');
        return this;
    }

    /** Writes {@code s} and indents the lines that follow (for a line ending in '{'). */
    CodeBuffer open(String s) {
        line(s);
        indent++;
        return this;
    }

    /** Un-indents and writes {@code s} (for a line starting with '}'). */
    CodeBuffer close(String s) {
        indent--;
        line(s);
        return this;
    }

    CodeBuffer close() {
        return close("}");
    }

    CodeBuffer indent() {
        indent++;
        return this;
    }

    CodeBuffer dedent() {
        indent--;
        return this;
    }

    CodeBuffer indentTwice() {
        indent += 2;
        return this;
    }

    CodeBuffer dedentTwice() {
        indent -= 2;
        return this;
    }

    /** A fresh suffix for local variable names, so nested blocks never shadow each other. */
    int next() {
        return counter++;
    }

    void resetCounter() {
        counter = 0;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
