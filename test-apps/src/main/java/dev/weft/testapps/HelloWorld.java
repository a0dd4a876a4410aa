package dev.weft.testapps;

/**
 * The smallest application: prints to both streams and exits with the code given as its first
 * argument (default 0). Used to check that the agent changes nothing visible and for start-up cost.
 */
public final class HelloWorld {

    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello, world");
        System.err.println("hello, stderr");
        int code = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        System.exit(code);
    }
}
