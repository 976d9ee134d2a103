import { apiRoute } from "@/lib/api/handler";
import { getValidationOp } from "@/lib/openapi/operations/validation";
import { getValidation } from "@/lib/validation/list-validations";

export const GET = apiRoute(getValidationOp, async ({ params }) => ({ validation: await getValidation(params.id!) }));
