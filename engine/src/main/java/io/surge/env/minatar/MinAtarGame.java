package io.surge.env.minatar;

import java.util.List;

/**
 * The five MinAtar games (Young and Tian, 2019, "MinAtar: An Atari-Inspired Testbed for Thorough
 * and Reproducible Reinforcement Learning Experiments"), with the channel layouts and minimal
 * action sets of the reference implementation, kenjyoung/MinAtar at commit {@code 4241f24}.
 *
 * <p>Actions are indices into the full action set {@code n, l, u, r, d, f} (no-op, left, up,
 * right, down, fire); the minimal action set lists the full-set indices that have an effect.
 */
public enum MinAtarGame
{
    /** Breakout: paddle, ball, trail, brick. Minimal actions n, l, r. */
    BREAKOUT("breakout", "Breakout",
        List.of("paddle", "ball", "trail", "brick"),
        new int[] {0, 1, 3}),
    /** Freeway: chicken, car, speed1..speed5. Minimal actions n, u, d. */
    FREEWAY("freeway", "Freeway",
        List.of("chicken", "car", "speed1", "speed2", "speed3", "speed4", "speed5"),
        new int[] {0, 2, 4}),
    /** Asterix: player, enemy, trail, gold. Minimal actions n, l, u, r, d. */
    ASTERIX("asterix", "Asterix",
        List.of("player", "enemy", "trail", "gold"),
        new int[] {0, 1, 2, 3, 4}),
    /** Seaquest: ten channels (the reference spells the gauges {@code guage}). All six actions. */
    SEAQUEST("seaquest", "Seaquest",
        List.of("sub_front", "sub_back", "friendly_bullet", "trail", "enemy_bullet", "enemy_fish",
            "enemy_sub", "oxygen_guage", "diver_guage", "diver"),
        new int[] {0, 1, 2, 3, 4, 5}),
    /** Space Invaders: cannon, alien, alien_left, alien_right, friendly_bullet, enemy_bullet. Minimal n, l, r, f. */
    SPACE_INVADERS("space_invaders", "SpaceInvaders",
        List.of("cannon", "alien", "alien_left", "alien_right", "friendly_bullet", "enemy_bullet"),
        new int[] {0, 1, 3, 5});

    /** Number of actions in the full action set. */
    public static final int FULL_ACTIONS = 6;
    /** Names of the full action set, as the reference's {@code action_map}. */
    public static final List<String> ACTION_NAMES = List.of("n", "l", "u", "r", "d", "f");

    private final String referenceName;
    private final String title;
    private final List<String> channelNames;
    private final int[] minimalActions;

    MinAtarGame(final String referenceName, final String title, final List<String> channelNames, final int[] minimalActions)
    {
        this.referenceName = referenceName;
        this.title = title;
        this.channelNames = channelNames;
        this.minimalActions = minimalActions;
    }

    /**
     * The game's module name in the reference ({@code minatar/environments/<name>.py}), also its
     * key in the reference data.
     *
     * @return for example {@code space_invaders}.
     */
    public String referenceName()
    {
        return referenceName;
    }

    /**
     * The registry id with the full six-action set, as MinAtar's own Gymnasium registration.
     *
     * @return for example {@code MinAtar/Breakout-v0}.
     */
    public String fullActionId()
    {
        return "MinAtar/" + title + "-v0";
    }

    /**
     * The registry id with the minimal action set, as MinAtar's own Gymnasium registration.
     *
     * @return for example {@code MinAtar/Breakout-v1}.
     */
    public String minimalActionId()
    {
        return "MinAtar/" + title + "-v1";
    }

    /**
     * Number of observation channels.
     *
     * @return C of the C x 10 x 10 observation.
     */
    public int channels()
    {
        return channelNames.size();
    }

    /**
     * Channel names in index order, as the reference's {@code channels} dictionary.
     *
     * @return an unmodifiable list.
     */
    public List<String> channelNames()
    {
        return channelNames;
    }

    /**
     * The minimal action set as indices into the full set.
     *
     * @return a copy, in the reference's order.
     */
    public int[] minimalActions()
    {
        return minimalActions.clone();
    }

    /**
     * The minimal action set by name.
     *
     * @return for example {@code n,l,r}.
     */
    public String minimalActionNames()
    {
        final StringBuilder names = new StringBuilder();
        for (final int a : minimalActions)
        {
            names.append(names.isEmpty() ? "" : ",").append(ACTION_NAMES.get(a));
        }
        return names.toString();
    }

    /**
     * The game whose reference name is given.
     *
     * @param referenceName for example {@code breakout}.
     * @return the game.
     * @throws IllegalArgumentException naming the known games if there is none.
     */
    public static MinAtarGame fromReferenceName(final String referenceName)
    {
        for (final MinAtarGame game : values())
        {
            if (game.referenceName.equals(referenceName))
            {
                return game;
            }
        }
        throw new IllegalArgumentException("unknown MinAtar game '" + referenceName +
            "'; known: breakout, freeway, asterix, seaquest, space_invaders");
    }

    Game newGame(final NumpyRandomState random, final boolean ramping)
    {
        return switch (this)
        {
            case BREAKOUT -> new Breakout(random, ramping);
            case FREEWAY -> new Freeway(random, ramping);
            case ASTERIX -> new Asterix(random, ramping);
            case SEAQUEST -> new Seaquest(random, ramping);
            case SPACE_INVADERS -> new SpaceInvaders(random, ramping);
        };
    }
}
