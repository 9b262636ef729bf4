package jp.kanmin.command.exercise;

import jp.kanmin.command.support.SystemCommands;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.IncidentEvent.InjectDelivered;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.PostReport;
import jp.kanmin.shared.report.ReportId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Posts the report an inject carries in the name of the organisation playing its role (the outage the power
 * operator's systems detected). The timeline names the scenario, not the organisation, as who asked: the review
 * must not count an inject as the organisation having acted.
 */
@Component
@ProcessingGroup("participation-lifecycle")
class ExerciseInjects {

    /** The actor of what a scenario posts. */
    static final String SCENARIO = "exercise-scenario";
    private static final Logger logger = LoggerFactory.getLogger(ExerciseInjects.class);

    private final SystemCommands commands;

    ExerciseInjects(SystemCommands commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(InjectDelivered inject, EventMessage<?> message) {
        if (inject.report() == null) {
            return;
        }
        ParticipationId participation = new ParticipationId(inject.incidentId(), inject.organisationId());
        try {
            commands.send(new PostReport(participation,
                                         ReportId.derivedFrom("inject/" + inject.incidentId() + "/" + inject.number()),
                                         inject.report(), inject.facts()),
                          message, participation + "/inject", SCENARIO);
        } catch (RuleViolation | AggregateNotFoundException refused) {
            // the organisation left the exercise, or it ended: the inject was told, its report has no one to post it
            logger.info("Inject {} of {} posted no report: {}", inject.number(), inject.incidentId(),
                        refused.getMessage());
        }
    }
}
