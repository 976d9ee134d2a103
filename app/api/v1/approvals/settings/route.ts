import { apiRoute } from "@/lib/api/handler";
import { launchSettings, updateLaunchSettings } from "@/lib/launch/launch-settings";
import { getLaunchSettingsOp, updateLaunchSettingsOp } from "@/lib/openapi/operations/launch";

export const GET = apiRoute(getLaunchSettingsOp, async () => ({ settings: await launchSettings() }));
export const PATCH = apiRoute(updateLaunchSettingsOp, async ({ actor, body }) => ({ settings: await updateLaunchSettings(actor, body) }));
