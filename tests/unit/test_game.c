/*
 * Simple games: the inline notation, its errors (each naming a column or
 * a bracket), names, and the win test.
 */
#include <stdint.h>
#include <string.h>

#include "core/event.h"
#include "core/game.h"
#include "unit/check.h"

static void
test_parse(void)
{
	as_error err[1];
	as_game g;

	CHECK(as_game_parse("[16; 9, 9, 7, 3, 1, 1]", &g, err) == 0);
	CHECK(g.n == 6 && g.dims == 1 && g.nterms == 1 && g.q[0] == 16);
	CHECK(g.w[0] == 9 && g.w[2] == 7 && g.w[5] == 1 && g.names == NULL);
	as_game_free(&g);
	CHECK(g.w == NULL && g.n == 0);

	/* Two brackets: two dimensions, one term; w[i * dims + d]. */
	CHECK(as_game_parse("  [2;1,1,1]and[ 7 ; 5 ,1, 3 ] ", &g, err) == 0);
	CHECK(g.n == 3 && g.dims == 2 && g.nterms == 1);
	CHECK(g.q[0] == 2 && g.q[1] == 7);
	CHECK(g.w[0] == 1 && g.w[1] == 5 && g.w[4] == 1 && g.w[5] == 3);
	as_game_free(&g);

	/* The largest total that fits. */
	CHECK(as_game_parse("[18446744073709551615; 18446744073709551614, 1]",
	    &g, err) == 0);
	CHECK(g.q[0] == UINT64_MAX);
	as_game_free(&g);

	static const struct {
		const char *in, *err;
	} bad[] = {
		{ "", "empty game: expected '[quota; weights]'" },
		{ "   ", "empty game: expected '[quota; weights]'" },
		{ "16; 9]", "column 1: expected '['" },
		{ "[x; 1]", "column 2: expected a number" },
		{ "[16 9, 9]", "column 5: expected ';'" },
		{ "[16; 9, 9 7]", "column 11: expected ',' or ']'" },
		{ "[16; 9, 9", "column 10: expected ',' or ']'" },
		{ "[16; ]", "bracket 1: empty game: no players" },
		{ "[16; 9,, 9]", "column 8: weight of player 2 is missing" },
		{ "[16; 9, ]", "column 9: weight of player 2 is missing" },
		{ "[; 9]", "column 2: quota is missing" },
		{ "[16; 9, -3]", "column 9: weight of player 2 must not be negative" },
		{ "[16; 9, 2.5]", "column 9: weight of player 2 must be a whole number" },
		{ "[16; 9, 2e3]", "column 9: weight of player 2 must be a whole number" },
		{ "[16; 9, a]", "column 9: expected a number" },
		{ "[0; 1, 2]", "bracket 1: quota 0 must be between 1 and the total "
		    "weight 3" },
		{ "[4; 1, 2]", "bracket 1: quota 4 must be between 1 and the total "
		    "weight 3" },
		{ "[1; 18446744073709551616]",
		    "column 5: weight of player 1 overflows 64 bits" },
		{ "[1; 18446744073709551615, 1]",
		    "column 27: the total weight overflows 64 bits" },
		{ "[2; 1, 1] [2; 1, 1]", "column 11: expected 'and' or the end" },
		{ "[2; 1, 1] andy [2; 1, 1]", "column 11: expected 'and' or the end" },
		{ "[2; 1, 1] and", "column 14: expected '['" },
		{ "[2; 1, 1] and [2; 1, 1, 1]", "bracket 2 has 3 players, bracket 1 "
		    "has 2" },
		{ "[2; 1, 1] and [3; 1, 1]", "bracket 2: quota 3 must be between 1 "
		    "and the total weight 2" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(err, 0, sizeof(err));
		CHECK(as_game_parse(bad[i].in, &g, err) == -1);
		CHECK_STR(err->msg, bad[i].err);
		CHECK(g.w == NULL && g.n == 0);
	}
}

static void
test_names(void)
{
	as_error err[1];
	as_game g;

	CHECK(as_game_parse("[2; 1, 1, 1]", &g, err) == 0);
	CHECK(as_game_set_names(&g, "A,B", err) == -1);
	CHECK_STR(err->msg, "--names: 2 names for 3 players");
	CHECK(as_game_set_names(&g, "A,B,C,D", err) == -1);
	CHECK_STR(err->msg, "--names: more names than the 3 players");
	CHECK(as_game_set_names(&g, "A,,C", err) == -1);
	CHECK_STR(err->msg, "--names: name 2 must have 1 to 64 characters");
	CHECK(g.names == NULL);
	CHECK(as_game_set_names(&g, "FRA,DEU,Italy", err) == 0);
	CHECK_STR(g.names[0], "FRA");
	CHECK_STR(g.names[2], "Italy");
	CHECK(as_game_set_names(&g, "x,y,z", err) == 0);
	CHECK_STR(g.names[1], "y");
	as_game_free(&g);
}

static void
test_wins(void)
{
	as_error err[1];
	unsigned char in[4];
	as_game g;

	/* Two terms: {3 members, 60 population} or {4 members}. */
	CHECK(as_game_init(&g, 4, 2, 2) == 0);
	static const uint64_t w[] = { 1, 50, 1, 30, 1, 10, 1, 5 };
	memcpy(g.w, w, sizeof(w));
	g.q[0] = 3, g.q[1] = 60, g.q[2] = 4, g.q[3] = 0;
	CHECK(as_game_check(&g, err) == 0);
	memcpy(in, (unsigned char[]){ 1, 1, 1, 0 }, 4);
	CHECK(as_game_wins(&g, in));
	memcpy(in, (unsigned char[]){ 0, 1, 1, 1 }, 4);
	CHECK(!as_game_wins(&g, in));		/* 45 people */
	memcpy(in, (unsigned char[]){ 1, 1, 1, 1 }, 4);
	CHECK(as_game_wins(&g, in));
	memcpy(in, (unsigned char[]){ 1, 1, 0, 0 }, 4);
	CHECK(!as_game_wins(&g, in));		/* two members */
	g.w[1] = UINT64_MAX;
	CHECK(as_game_check(&g, err) == -1);
	CHECK_STR(err->msg, "dimension 2: the total weight overflows 64 bits");
	as_game_free(&g);
	as_game_free(&g);			/* a zeroed game is a no-op */
	CHECK(as_game_check(&g, err) == -1);
	CHECK_STR(err->msg, "empty game: no players");
}

int
main(void)
{
	test_parse();
	test_names();
	test_wins();
	return check_done();
}
