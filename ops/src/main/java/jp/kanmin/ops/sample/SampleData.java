package jp.kanmin.ops.sample;

import jp.kanmin.command.plan.PlanCatalogue;
import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.sharing.SharingDirection;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.incident.IncidentTrigger;
import jp.kanmin.shared.incident.ObligationsFrom;
import jp.kanmin.shared.incident.OpenIncident;
import jp.kanmin.shared.incident.Participant;
import jp.kanmin.shared.organisation.InfrastructureSector;
import jp.kanmin.shared.organisation.OrganisationCommands.AddRelation;
import jp.kanmin.shared.organisation.OrganisationCommands.AgreeSharing;
import jp.kanmin.shared.organisation.OrganisationCommands.DefineDistrict;
import jp.kanmin.shared.organisation.OrganisationCommands.RegisterOrganisation;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.organisation.RelationType;
import jp.kanmin.shared.participation.ParticipationCommands.ShareInformation;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.PostReport;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.Area;
import jp.kanmin.shared.report.DamageGrade;
import jp.kanmin.shared.report.DamageItem;
import jp.kanmin.shared.report.Estimate;
import jp.kanmin.shared.sharing.ExchangeTopic;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small exercise so that a new user sees real data at once: 長田野工業団地 (an industrial park), 福知山市 (its city),
 * a power operator and the city's chamber of commerce, one EXERCISE incident and a few staff-safety reports.
 * Every command carries a fixed request id, so seeding twice changes nothing; tokens are issued once and kept in
 * the data directory.
 */
@Component
@ConditionalOnProperty(name = "kanmin.sample-data.enabled", havingValue = "true")
class SampleData {

    private static final Logger logger = LoggerFactory.getLogger(SampleData.class);

    static final OrganisationId ADMIN = jp.kanmin.ops.access.AdministratorBootstrap.OPERATOR;
    static final OrganisationId CITY = OrganisationId.of("fukuchiyama-city");
    static final OrganisationId PARK = OrganisationId.of("osadano-park");
    static final OrganisationId POWER = OrganisationId.of("kansai-power-fukuchiyama");
    static final OrganisationId CHAMBER = OrganisationId.of("fukuchiyama-chamber");
    static final String TOKENS_FILE = "tokens.txt";
    static final String DISTRICT = "長田野地区";

    private final CommandGateway commands;
    private final PlanCatalogue plans;
    private final ApiTokens tokens;
    private final Clock clock;
    private final Path dataDirectory;

    SampleData(CommandGateway commands, PlanCatalogue plans, ApiTokens tokens, Clock clock,
               org.springframework.core.env.Environment environment) {
        this.commands = commands;
        this.plans = plans;
        this.tokens = tokens;
        this.clock = clock;
        this.dataDirectory = Path.of(environment.getProperty("kanmin.store.data-dir", "./data"));
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(1)
    void seed() throws IOException {
        register(CITY, "福知山市", "Fukuchiyama City", OrganisationType.MUNICIPALITY, null);
        register(PARK, "長田野工業団地 (長田野工業センター)", "Osadano Industrial Park", OrganisationType.INDUSTRIAL_PARK, null);
        register(POWER, "関西電力送配電 福知山配電営業所", "Kansai power distribution, Fukuchiyama",
                 OrganisationType.INFRASTRUCTURE_OPERATOR, InfrastructureSector.POWER);
        register(CHAMBER, "福知山商工会議所", "Fukuchiyama Chamber of Commerce", OrganisationType.CHAMBER_OF_COMMERCE,
                 null);
        for (OrganisationId reporter : List.of(PARK, POWER, CHAMBER)) {
            send(new AddRelation(reporter, RelationType.REPORTS_TO, CITY), ADMIN, "sample/reports-to/" + reporter);
        }
        // 情報共有: the chamber shares the damage picture with the city on plan 004's cadence for its district
        send(new DefineDistrict(CHAMBER, DISTRICT, 120, CITY, "tsuyama-004"), ADMIN, "sample/district");
        send(new AgreeSharing(CHAMBER, "damage-picture", CITY, ExchangeTopic.DAMAGE_PICTURE, SharingDirection.MUTUAL,
                              "tsuyama-004", DISTRICT), ADMIN, "sample/agreement");
        issueTokensOnce();
        IncidentId drill = IncidentId.derivedFrom("sample/drill");
        Instant zeroHour = clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        send(new OpenIncident(drill, "長田野工業団地 地震対応訓練 (sample)", IncidentKind.EARTHQUAKE, IncidentTrigger.DRILL,
                              zeroHour, IncidentMode.EXERCISE,
                              new Participant(CITY, OrganisationType.MUNICIPALITY),
                              Set.of(new Participant(PARK, OrganisationType.INDUSTRIAL_PARK),
                                     new Participant(POWER, OrganisationType.INFRASTRUCTURE_OPERATOR),
                                     new Participant(CHAMBER, OrganisationType.CHAMBER_OF_COMMERCE)),
                              CITY, plans.currentVersion(), ObligationsFrom.ZERO_HOUR),
             CITY, "sample/drill");
        report(drill, PARK, 182, 2, 0, 3, "団地内企業 12社中 10社から回答。2社未確認。", zeroHour.plus(Duration.ofMinutes(40)));
        report(drill, POWER, 54, 0, 0, 0, "福知山営業所 全員無事。", zeroHour.plus(Duration.ofMinutes(55)));
        report(drill, CITY, 311, 1, 0, 6, "本庁舎職員。支所は確認中。", zeroHour.plus(Duration.ofMinutes(70)));
        damage(drill, zeroHour);
        send(new ShareInformation(new ParticipationId(drill, CHAMBER), "sample-damage-picture-1", List.of(CITY), null,
                                  ExchangeTopic.DAMAGE_PICTURE, "長田野地区 被害状況 第1報: 調査 4社、半壊 1、停電 3",
                                  List.of(), null), CHAMBER, "sample/exchange/1");
        logger.info("Sample exercise incident {} is ready", drill);
    }

    private void register(OrganisationId organisation, String name, String nameEn, OrganisationType type,
                          InfrastructureSector sector) {
        send(new RegisterOrganisation(organisation, name, nameEn, type, sector, null), ADMIN,
             "sample/register/" + organisation);
    }

    private void report(IncidentId incident, OrganisationId organisation, int safe, int injured, int missing,
                        int unreachable, String note, Instant observedAt) {
        post(incident, organisation, "staff-safety", new ReportContent.StaffSafety(safe, injured, missing, unreachable,
                                                                                   null),
             ReportFacts.observedAt(observedAt).withNote(note));
    }

    private void post(IncidentId incident, OrganisationId organisation, String what, ReportContent content,
                      ReportFacts facts) {
        String requestId = "sample/" + what + "/" + organisation;
        send(new PostReport(new ParticipationId(incident, organisation), ReportId.derivedFrom(requestId), content, facts),
             organisation, requestId);
    }

    /** The chamber's district, a power outage and a few surveyed businesses, for the damage summary. */
    private void damage(IncidentId incident, Instant zeroHour) {
        post(incident, POWER, "outage", new ReportContent.Outage("fukuchiyama-osadano", InfrastructureSector.POWER, 850,
                                                                 14, "配電線の断線", zeroHour.plus(Duration.ofHours(8))),
             new ReportFacts(zeroHour.plus(Duration.ofMinutes(50)), false, null, "長田野地区の一部で停電",
                             Area.named(DISTRICT)));
        String[][] businesses = {
                {"b-001", "長田野精密", "PARTIAL_DAMAGE", "1200000", "true"},
                {"b-002", "福知山鉄工", "NONE", "0", "true"},
                {"b-003", "丹波製菓", "FLOODED_BELOW_FLOOR", "350000", "false"},
                {"b-004", "由良川運送", "HALF_COLLAPSE", "8400000", "true"}};
        for (String[] b : businesses) {
            long yen = Long.parseLong(b[3]);
            post(incident, CHAMBER, "survey/" + b[0], new ReportContent.BusinessDamage(
                         b[0], b[1], DamageGrade.valueOf(b[2]),
                         yen == 0 ? java.util.List.of() : java.util.List.of(new DamageItem(
                                 DamageItem.DamageCategory.BUILDING, yen, DamageItem.ValuationBasis.REPAIR)),
                         Estimate.ROUGH, Boolean.parseBoolean(b[4]), false),
                 new ReportFacts(zeroHour.plus(Duration.ofMinutes(90)), false, null, null, Area.named(DISTRICT)));
        }
    }

    private void send(Object command, OrganisationId actor, String requestId) {
        commands.sendAndWait(command, MetaData.with(MessageMetadata.ACTOR, actor.value())
                                              .and(MessageMetadata.REQUEST_ID, requestId));
    }

    private void issueTokensOnce() throws IOException {
        Path file = dataDirectory.resolve(TOKENS_FILE);
        if (Files.exists(file)) {
            logger.info("Sample API tokens are in {}", file.toAbsolutePath());
            return;
        }
        Map<String, ApiTokens.IssuedToken> issued = new LinkedHashMap<>();
        issued.put("admin", tokens.issue(ADMIN, Set.of(Caller.Role.MEMBER, Caller.Role.ADMIN), Duration.ofDays(365),
                                         "sample administrator").block());
        for (OrganisationId organisation : List.of(CITY, PARK, POWER, CHAMBER)) {
            issued.put(organisation.value(), tokens.issue(organisation, Set.of(Caller.Role.MEMBER),
                                                          Duration.ofDays(365), "sample").block());
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Sample API tokens (embedded mode). Send as: Authorization: Bearer <token>");
        issued.forEach((name, token) -> lines.add(name + "=" + token.token()));
        Files.createDirectories(dataDirectory);
        Files.write(file, lines, StandardCharsets.UTF_8);
        logger.info("Issued sample API tokens (shown once; also written to {}):\n  {}", file.toAbsolutePath(),
                    String.join("\n  ", lines.subList(1, lines.size())));
    }
}
