package jp.kanmin.ops.plan;

import jp.kanmin.shared.exchange.SharingCadences;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reference data shipped with the code that aggregates and read models take as resources. */
@Configuration(proxyBeanMethods = false)
class ReferenceData {

    @Bean
    SharingCadences sharingCadences() {
        return SharingCadences.defaults();
    }
}
