package jp.kanmin.ops.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** One SMTP server (GreenMail) per test JVM on a free port, named to the application as its mail server. */
public final class TestMail {

    private static GreenMail mail;

    private TestMail() {
    }

    public static synchronized GreenMail server() {
        if (mail == null) {
            mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            mail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
        }
        return mail;
    }

    public static int port() {
        return server().getSmtp().getPort();
    }
}
