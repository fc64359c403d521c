package dev.ripple.cascade.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeShapeTest {

    private static TreeShape.Link link(String id, String parent) {
        return new TreeShape.Link(id, parent);
    }

    @Test
    void aSingleNodeHasNoVirality() {
        TreeShape shape = TreeShape.of(List.of(link("r", null)));

        assertThat(shape).isEqualTo(new TreeShape(1, 0, 1, 0));
    }

    @Test
    void aStarIsAlmostTwo() {
        List<TreeShape.Link> star = new ArrayList<>();
        star.add(link("r", null));
        for (int i = 0; i < 3499; i++) {
            star.add(link("c" + i, "r"));
        }
        // The CRGP anchor: a flattened 3,500-node cascade has ν = 2·3499/3500.
        assertThat(TreeShape.of(star).structuralVirality()).isCloseTo(2.0 * 3499 / 3500, within(1e-12));
        assertThat(TreeShape.of(star).maxBreadth()).isEqualTo(3499);
    }

    @Test
    void aChainOfNHasViralityNPlusOneOverThree() {
        List<TreeShape.Link> chain = new ArrayList<>();
        chain.add(link("n0", null));
        for (int i = 1; i < 10; i++) {
            chain.add(link("n" + i, "n" + (i - 1)));
        }
        TreeShape shape = TreeShape.of(chain);

        assertThat(shape.depth()).isEqualTo(9);
        assertThat(shape.structuralVirality()).isCloseTo(11.0 / 3, within(1e-12));
    }

    @Test
    void theSeedStoryTreeMatchesAHandCount() {
        // sarah → julien(3001), sarah → julien(3002) → chris: pair distances 1,1,2,2,1,3 → 10/6.
        TreeShape shape = TreeShape.of(List.of(link("s", null), link("j1", "s"), link("j2", "s"), link("c", "j2")));

        assertThat(shape.size()).isEqualTo(4);
        assertThat(shape.depth()).isEqualTo(2);
        assertThat(shape.maxBreadth()).isEqualTo(2);
        assertThat(shape.structuralVirality()).isCloseTo(10.0 / 6, within(1e-12));
    }

    @Test
    void cyclicLinksEndInsteadOfLooping() {
        TreeShape shape = TreeShape.of(List.of(link("a", "b"), link("b", "a")));

        assertThat(shape.size()).isZero();
    }
}
