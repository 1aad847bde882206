import { Forbidden } from "@/components/admin/forbidden";

export default function ForbiddenPage() {
  return <Forbidden />;
}
