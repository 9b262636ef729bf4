package jp.kanmin.ops.config;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This process's name in token claims and logs. Host and pid alone can repeat (containers all run as pid 1), so a
 * random suffix keeps two processes from ever sharing a claim.
 */
public record NodeIdentity(String id) {

    public static NodeIdentity generate() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        long pid = ManagementFactory.getRuntimeMXBean().getPid();
        return new NodeIdentity(host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public String toString() {
        return id;
    }
}
