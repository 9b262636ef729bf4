package jp.kanmin.query.notification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The key a browser subscribes to this server's Web Push with. */
@Tag(name = "Notifications")
@RestController
class WebPushKeyController {

    private final WebPush webPush;

    WebPushKeyController(WebPush webPush) {
        this.webPush = webPush;
    }

    record Key(String publicKey) {
    }

    @Operation(summary = "Read the Web Push key (VAPID)", description = """
            The server's VAPID public key (uncompressed P-256 point, base64url): the `applicationServerKey` a
            browser's `pushManager.subscribe` takes. The subscription it gives is the address of a `WEB_PUSH`
            notification rule.""")
    @GetMapping("/api/web-push/key")
    Mono<Key> key() {
        // the first call on a store without a key makes and stores one
        return Mono.fromCallable(() -> new Key(webPush.publicKey())).subscribeOn(Schedulers.boundedElastic());
    }
}
