package ai.horde.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled reference (facts from AI-Horde-image-model-reference) and its override file. */
class ImageModelReferenceTest {
  private static final ImageModelReference MODELS = ImageModelReference.load(null);

  @Test
  void bundledReferenceKnowsEveryBaseline() {
    assertThat(MODELS.baseline("stable_diffusion")).isEqualTo("stable diffusion 1");
    assertThat(MODELS.baseline("stable_diffusion_2.1")).isEqualTo("stable diffusion 2");
    assertThat(MODELS.baseline("AlbedoBase XL (SDXL)")).isEqualTo("stable_diffusion_xl");
    assertThat(MODELS.baseline("SDXL 1.0")).isEqualTo("stable_diffusion_xl");
    assertThat(MODELS.baseline("Stable Cascade 1.0")).isEqualTo("stable_cascade");
    assertThat(MODELS.baseline("Flux.1-Schnell fp8 (Compact)")).isEqualTo("flux_1");
    assertThat(MODELS.baseline("Qwen-Image_fp8")).isEqualTo("qwen_image");
    assertThat(MODELS.baseline("Z-Image-Turbo")).isEqualTo("z_image_turbo");
    assertThat(MODELS.names()).hasSizeGreaterThan(150);
  }

  @Test
  void unknownNamesTakeTheirBaselineFromATagElseStableDiffusionOne() {
    assertThat(MODELS.isKnown("My Finetune [SDXL]")).isFalse();
    assertThat(MODELS.baseline("My Finetune [SDXL]")).isEqualTo("stable_diffusion_xl");
    assertThat(MODELS.baseline("Schnell merge [Flux]")).isEqualTo("flux_1");
    assertThat(MODELS.baseline("Edit [Qwen]")).isEqualTo("qwen_image");
    assertThat(MODELS.baseline("Turbo [ZModel]")).isEqualTo("z_image_turbo");
    assertThat(MODELS.baseline("Turbo [ZImage]")).isEqualTo("z_image_turbo");
    assertThat(MODELS.baseline("mystery")).isEqualTo("stable diffusion 1");
    assertThat(MODELS.baseline(null)).isEqualTo("stable diffusion 1");
  }

  @Test
  void requirementsAreReadWithTheReferencesFieldNames() {
    ImageModelReference.Requirements flux = MODELS.requirements("Flux.1-Schnell fp8 (Compact)");
    assertThat(flux.minSteps()).hasValue(3);
    assertThat(flux.maxSteps()).hasValue(8);
    assertThat(flux.minCfgScale()).hasValue(1.0);
    assertThat(flux.maxCfgScale()).hasValue(4.0);
    assertThat(flux.clipSkip()).hasValue(1);
    assertThat(flux.samplers()).containsExactly("k_euler");
    assertThat(flux.schedulers()).containsExactly("karras");
    assertThat(MODELS.requirements("DreamShaper XL").cfgScale()).hasValue(2.0);
    assertThat(MODELS.requirements("stable_diffusion")).isEqualTo(ImageModelReference.Requirements.NONE);
    assertThat(MODELS.requirements("mystery").maxSteps()).isEmpty();
  }

  @Test
  void flagsAndSizes() {
    assertThat(MODELS.isInpainting("stable_diffusion_inpainting")).isTrue();
    assertThat(MODELS.isInpainting("stable_diffusion")).isFalse();
    assertThat(MODELS.isNsfw("Qwen-Image_fp8")).isTrue();
    assertThat(MODELS.model("stable_diffusion").orElseThrow().sizeOnDiskBytes()).hasValue(4265380512L);
    assertThat(MODELS.model("stable_diffusion").orElseThrow().style()).isEqualTo("generalist");
    assertThat(MODELS.hasOnlyInpaintingModels(List.of())).isFalse();
    assertThat(MODELS.hasOnlyInpaintingModels(List.of("stable_diffusion_inpainting"))).isTrue();
    assertThat(MODELS.hasInpaintingModels(List.of("stable_diffusion", "stable_diffusion_inpainting"))).isTrue();
    assertThat(MODELS.hasUnknownModels(List.of())).isFalse();
    assertThat(MODELS.hasUnknownModels(List.of("stable_diffusion", "mystery"))).isTrue();
    assertThat(MODELS.hasNsfwModels(List.of("stable_diffusion"))).isFalse();
  }

  @Test
  void anOverrideFileAddsModelsAndReplacesEntriesByName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("stable_diffusion.json");
    Files.writeString(file, """
        {
          "stable_diffusion": {"name": "stable_diffusion", "baseline": "stable_diffusion_xl", "type": "ckpt",
            "inpainting": false, "nsfw": true, "description": "ignored", "config": {"files": []},
            "requirements": {"max_steps": 12}},
          "Brand New": {"name": "Brand New", "baseline": "flux_1", "type": "ckpt", "inpainting": false,
            "nsfw": false, "style": "generalist", "size_on_disk_bytes": 123}
        }
        """);
    ImageModelReference models = ImageModelReference.load(file.toString());
    assertThat(models.baseline("stable_diffusion")).isEqualTo("stable_diffusion_xl");
    assertThat(models.isNsfw("stable_diffusion")).isTrue();
    assertThat(models.requirements("stable_diffusion").maxSteps()).hasValue(12);
    assertThat(models.baseline("Brand New")).isEqualTo("flux_1");
    assertThat(models.model("Brand New").orElseThrow().sizeOnDiskBytes()).hasValue(123L);
    assertThat(models.isKnown("AlbedoBase XL (SDXL)")).isTrue();
    assertThat(ImageModelReference.load("  ").baseline("stable_diffusion")).isEqualTo("stable diffusion 1");
  }
}
