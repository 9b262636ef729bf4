package jp.kanmin.ops.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * One SMTP server (GreenMail) per test JVM on a free port, named to the application as its mail server. It is never
 * stopped: it dies with the JVM, and stopping it in a shutdown hook, beside the contexts' own, only adds to the time
 * the test JVM takes to exit.
 */
public final class TestMail {

    private static GreenMail mail;

    private TestMail() {
    }

    public static synchronized GreenMail server() {
        if (mail == null) {
            mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            mail.start();
        }
        return mail;
    }

    public static int port() {
        return server().getSmtp().getPort();
    }
}
