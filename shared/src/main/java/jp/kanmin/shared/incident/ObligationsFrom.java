package jp.kanmin.shared.incident;

/**
 * When an incident's obligations start (義務の起算), the same for phase tasks and sharing slots.
 * <ul>
 *   <li>{@link #ZERO_HOUR}: as the plan counts them, from zero hour (発災); an incident registered late owes at once
 *   what fell due before it was registered (tasks overdue, slots missed).</li>
 *   <li>{@link #REGISTRATION}: nothing falls due before an organisation's part in the incident was registered (the
 *   incident's opening, or its joining later): a task planned earlier falls due then, and sharing slots are owed from
 *   then on. Offsets still count from zero hour.</li>
 * </ul>
 */
public enum ObligationsFrom {
    ZERO_HOUR,
    REGISTRATION
}
