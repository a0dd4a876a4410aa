package dev.weft.testapps;

/** Placeholder; replaced below. */
public final class Demo {
    public static void main(String[] args) {
    }
}
