package dev.cloudfiles.client;

import dev.cloudfiles.cli.CloudFilesCli;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.util.Arrays;

/**
 * The {@code cloudfiles} command line in a JVM of its own ({@link ResumeAfterKillTest} kills it),
 * configured from the environment as {@code bin/cloudfiles} is, with one addition: every request
 * goes through the test's counting proxy on loopback port {@code args[0]}. The rest of the
 * arguments are the command line's.
 */
public final class ResumeCliMain {
    private ResumeCliMain() {}

    public static void main(String[] args) {
        ProxySelector proxy =
                ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
        int code = new CloudFilesCli(System.getenv(), System.in, System.out, System.err, false)
                .configure(b -> b.proxy(proxy))
                .run(Arrays.copyOfRange(args, 1, args.length));
        System.exit(code);
    }
}
